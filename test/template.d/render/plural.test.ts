import { expect, it } from 'vitest';
import { counted } from '../../../template.d/render/plural.js';

it('counts a noun without "(s)": singular for one only', () => {
  expect([0, 1, 2].map((n) => counted(n, 'reason'))).toEqual(['0 reasons', '1 reason', '2 reasons']);
  expect(counted(3, 'entry', 'entries')).toBe('3 entries');
});
