import { Empty } from 'antd';

export default function DashboardArea() {
  return <Empty description="dashboard" />;
}
