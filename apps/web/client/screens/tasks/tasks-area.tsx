import { Route, Routes } from 'react-router-dom';
import { TaskDetailScreen } from './task-detail-screen';
import { TaskListScreen } from './task-list-screen';

/** `/workspace/tasks/*`: my agency's tasks, and one task's page. */
export default function TasksArea() {
  return (
    <Routes>
      <Route index element={<TaskListScreen />} />
      <Route path=":code" element={<TaskDetailScreen />} />
    </Routes>
  );
}
