import { Col, Row } from 'antd';
import { MyTasksCard } from './my-tasks-card';
import { ProfileCard } from './profile-card';

export function HomePage() {
  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} lg={8}>
        <ProfileCard />
      </Col>
      <Col xs={24} lg={16}>
        <MyTasksCard />
      </Col>
    </Row>
  );
}
