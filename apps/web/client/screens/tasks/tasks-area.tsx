import { Empty } from 'antd';

export default function TasksArea() {
  return <Empty description="tasks" />;
}
