import { Route, Routes } from 'react-router-dom';
import { TaskDetailScreen } from './task-detail-screen';
import { TaskListScreen } from './task-list-screen';
import { primeTasks } from './task-loads';

// The data of the screen the address names is asked for as soon as this code has arrived.
primeTasks(window.location.pathname);

/** `/workspace/tasks/*`: my agency's tasks, and one task's page. */
export default function TasksArea() {
  return (
    <Routes>
      <Route index element={<TaskListScreen />} />
      <Route path=":code" element={<TaskDetailScreen />} />
    </Routes>
  );
}
