/**
 * Setup for the renderer tests (jsdom). Testing Library's waitFor/findBy resolve as soon as the DOM
 * matches (they watch mutations); their default ceiling of 1 s is less than one slow render on a
 * loaded machine, so it is raised. A ceiling, never a wait: passing tests take no longer.
 */
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 10_000 });
