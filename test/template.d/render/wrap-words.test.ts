// The one word wrapper of --help, the module headers and the RPM spec.
import { expect, it } from 'vitest';
import { wrapWords } from '../../../template.d/render/wrap-words.js';

it('wraps at blanks within the width, folding runs of blanks', () => {
  expect(wrapWords('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
  expect(wrapWords('  aa \n bb\tcc  ', 80)).toEqual(['aa bb cc']);
});

it('keeps a word longer than the width whole, on a line of its own', () => {
  expect(wrapWords('a verylongword b', 4)).toEqual(['a', 'verylongword', 'b']);
  expect(wrapWords('', 10)).toEqual([]);
});
