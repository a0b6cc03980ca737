/**
 * Route table of the web app. Pages live in app/routes/ (composition) and features/* (behaviour); add a
 * route here and its path in config/paths.ts.
 */
import { createBrowserRouter } from 'react-router';
import { paths } from '../config/paths';
import { Layout } from './layout';
import { LandingPage } from './routes/landing';
import { NotFoundPage } from './routes/not-found';

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: paths.home.path, element: <LandingPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
