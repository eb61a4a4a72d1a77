import { Col, Row } from 'antd';
import { MyTasksCard } from './my-tasks-card';
import { ProfileCard } from './profile-card';

/** The tasks take the full width below very wide screens: a third of the page beside the profile left them cramped. */
export function HomePage() {
  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} xxl={{ span: 16, order: 2 }}>
        <MyTasksCard />
      </Col>
      <Col xs={24} xxl={{ span: 8, order: 1 }}>
        <ProfileCard />
      </Col>
    </Row>
  );
}
