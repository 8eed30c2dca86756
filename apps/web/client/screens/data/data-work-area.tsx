import { Empty } from 'antd';

export default function DataWorkArea() {
  return <Empty description="data" />;
}
