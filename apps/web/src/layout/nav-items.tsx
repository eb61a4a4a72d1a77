import type { MenuItemType } from 'antd/es/menu/interface';
import { Link } from 'react-router-dom';
import { ApartmentOutlined, AuditOutlined, CarryOutOutlined, BellOutlined, ClusterOutlined, DashboardOutlined, FileSearchOutlined, FileWordOutlined, HomeOutlined, SlidersOutlined, TeamOutlined } from '@ant-design/icons';
import type { AppAbility, Me } from '@evalflow/domain';
import { canOpenEvaluations, canOpenOrganisations, canOpenQueueBoard, canOpenUsers } from '../auth/access';
import { openQueueBoard } from '../notifications/notifications-api';
import { canOpenThresholds } from '../budget/thresholds-page';
import { canOpenFrameworks } from '../frameworks/framework-access';
import { canOpenReminderPolicies } from '../reminders/reminder-policies-page';
import { canOpenDocumentRequestTemplates } from '../document-requests/document-request-templates-page';
import { canOpenReportTemplates } from '../reports/report-templates-page';

export type NavKey = 'home' | 'evaluations' | 'organisations' | 'users' | 'notifications' | 'queue-board' | 'budget-thresholds' | 'frameworks' | 'reminder-policies' | 'document-request-templates' | 'report-templates' | 'rectification-ledger';

export type NavItem = MenuItemType & { key: NavKey };

/** The side menu, filtered by the user's CASL ability (see auth/access.ts for the rules of thumb). */
export function buildNavItems(ability: AppAbility, me: Me): NavItem[] {
  const items: NavItem[] = [
    { key: 'home', icon: <HomeOutlined />, label: <Link to="/" data-testid="menu-home">工作台</Link> },
  ];
  if (canOpenEvaluations(ability)) {
    items.push({
      key: 'evaluations',
      icon: <AuditOutlined />,
      label: <Link to="/evaluations" data-testid="menu-evaluations">评价项目</Link>,
    });
  }
  if (canOpenEvaluations(ability)) {
    items.push({ key: 'rectification-ledger', icon: <CarryOutOutlined />, label: <Link to="/rectification-ledger" data-testid="menu-rectification-ledger">整改台账</Link> });
  }
  if (canOpenFrameworks(ability, me)) {
    items.push({ key: 'frameworks', icon: <ClusterOutlined />, label: <Link to="/frameworks" data-testid="menu-frameworks">指标体系</Link> });
  }
  if (canOpenDocumentRequestTemplates(ability, me)) {
    items.push({ key: 'document-request-templates', icon: <FileSearchOutlined />, label: <Link to="/document-request-templates" data-testid="menu-document-request-templates">资料清单模板</Link> });
  }
  if (canOpenReportTemplates(ability, me)) {
    items.push({ key: 'report-templates', icon: <FileWordOutlined />, label: <Link to="/report-templates" data-testid="menu-report-templates">报告模板</Link> });
  }
  if (canOpenOrganisations(ability, me)) {
    items.push({
      key: 'organisations',
      icon: <ApartmentOutlined />,
      label: <Link to="/organisations" data-testid="menu-organisations">机构管理</Link>,
    });
  }
  if (canOpenUsers(ability, me)) {
    items.push({ key: 'users', icon: <TeamOutlined />, label: <Link to="/users" data-testid="menu-users">用户管理</Link> });
  }
  if (canOpenThresholds(ability, me)) {
    items.push({ key: 'budget-thresholds', icon: <SlidersOutlined />, label: <Link to="/budget-thresholds" data-testid="menu-budget-thresholds">阈值设置</Link> });
  }
  if (canOpenReminderPolicies(ability)) {
    items.push({ key: 'reminder-policies', icon: <BellOutlined />, label: <Link to="/reminders/policies" data-testid="menu-reminder-policies">提醒规则</Link> });
  }
  if (canOpenQueueBoard(ability)) {
    // Bull Board is a separate page outside the SPA: it opens in a new tab after the API has set its cookie.
    items.push({
      key: 'queue-board',
      icon: <DashboardOutlined />,
      label: (
        <a href="/api/admin/queues/" onClick={(event) => { event.preventDefault(); void openQueueBoard().catch(() => undefined); }} data-testid="menu-queue-board">
          队列面板
        </a>
      ),
    });
  }
  return items;
}

export function navKeyForPath(pathname: string): NavKey {
  if (pathname.startsWith('/evaluations') || pathname.startsWith('/rectification-items')) return 'evaluations';
  if (pathname.startsWith('/rectification-ledger')) return 'rectification-ledger';
  if (pathname.startsWith('/organisations')) return 'organisations';
  if (pathname.startsWith('/users')) return 'users';
  if (pathname.startsWith('/budget-thresholds')) return 'budget-thresholds';
  if (pathname.startsWith('/frameworks')) return 'frameworks';
  if (pathname.startsWith('/notifications')) return 'notifications';
  if (pathname.startsWith('/reminders')) return 'reminder-policies';
  if (pathname.startsWith('/document-request-templates')) return 'document-request-templates';
  if (pathname.startsWith('/report-templates')) return 'report-templates';
  return 'home';
}
