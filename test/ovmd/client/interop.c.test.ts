import { interopSuite } from './interop-suite.js';

interopSuite('c');
