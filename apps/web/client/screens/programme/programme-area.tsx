import { Empty } from 'antd';

export default function ProgrammeArea() {
  return <Empty description="programme" />;
}
