import { dom0Suite } from './dom0-suite.js';

dom0Suite('c');
