import { Empty } from 'antd';

export default function InboxArea() {
  return <Empty description="inbox" />;
}
