import { guestSuite } from './guest-suite.js';

guestSuite('oxenstored');
