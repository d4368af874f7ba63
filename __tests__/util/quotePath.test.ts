import { quotePath, unquotePath } from '../../src/util/quotePath.js';

describe('quotePath', () => {
  it('writes plain names as they are, non-ASCII included', () => {
    for (const name of ['src/a.ts', 'docs/read me.md', 'naïve/日本.txt', 'a-b/c--d']) expect(quotePath(name)).toBe(name);
  });

  it('quotes what could read as two names, an option or a broken span', () => {
    expect(quotePath('a\nb.txt')).toBe('"a\\nb.txt"');
    expect(quotePath('tab\there')).toBe('"tab\\there"');
    expect(quotePath('say "hi".md')).toBe('"say \\"hi\\".md"');
    expect(quotePath('back\\slash')).toBe('"back\\\\slash"');
    expect(quotePath('-rf')).toBe('"-rf"');
    expect(quotePath('tick`s')).toBe('"tick`s"');
    expect(quotePath(' lead')).toBe('" lead"');
    expect(quotePath('bell\u0007')).toBe('"bell\\007"');
  });

  it('round-trips every odd name', () => {
    const names = ['a\nb', 'x\ty', 'q"q', 'b\\s', '-n', '--', ' s ', 'e\u0001\u007f', 'ok.ts', '"already"', 'tick`s'];
    for (const name of names) expect(unquotePath(quotePath(name))).toBe(name);
    // One name per line stays one name per line.
    const listed = names.map(quotePath).join('\n').split('\n');
    expect(listed).toHaveLength(names.length);
    expect(listed.map(unquotePath)).toEqual(names);
  });
});
