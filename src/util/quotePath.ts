/**
 * File names as git can hold them (any byte but NUL and `/` in a component) written so that one
 * name always reads as one name and never as an option: C-style quoting as `git ls-files` does
 * without `-z`, except that non-ASCII letters stay readable. A plain name is written as it is.
 */

/** The one-line note that goes beside a list of quoted names. */
export const QUOTED_NAMES_NOTE =
  'Names are written as-is unless they hold a control character, a quote, a backslash, a backtick, or start with a dash or a space or end with a space; those are in double quotes with C escapes (\\n, \\t, \\", \\\\, \\ooo).';

const NEEDS_QUOTES = /[\u0000-\u001f\u007f"\\`]|^[-\s]|\s$/;

export function quotePath(name: string): string {
  if (!NEEDS_QUOTES.test(name)) return name;
  const body = name.replace(/[\u0000-\u001f\u007f"\\]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\t':
        return '\\t';
      case '\r':
        return '\\r';
      case '"':
        return '\\"';
      case '\\':
        return '\\\\';
      default:
        return `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`;
    }
  });
  return `"${body}"`;
}

/** The inverse of `quotePath`, for tests and for reading a list back. */
export function unquotePath(text: string): string {
  if (!(text.length >= 2 && text.startsWith('"') && text.endsWith('"'))) return text;
  return text.slice(1, -1).replace(/\\(n|t|r|"|\\|[0-7]{3})/g, (_m, esc: string) => {
    switch (esc) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '"':
        return '"';
      case '\\':
        return '\\';
      default:
        return String.fromCharCode(parseInt(esc, 8));
    }
  });
}
