/**
 * Untrusted text (comment bodies, PR titles and bodies) before it reaches a prompt or the command
 * parser. The rule: keep what a person reading the rendered comment sees, drop what they cannot
 * see — a reviewer who approves a `/swarm` comment must not be fooled by text hidden from them.
 */

export interface SanitizeOptions {
  /** Characters kept, the truncation marker included. */
  maxLength?: number;
}

export const DEFAULT_MAX_UNTRUSTED_LENGTH = 8000;

/**
 * Invisible or reordering characters: zero-width and joiners, soft hyphen, word joiner and
 * invisible operators, bidi marks/embeddings/isolates, BOM, variation selectors and Unicode tag
 * characters (both used to smuggle text that renders as nothing), and control characters other
 * than tab and newline.
 */
// Variation selectors (U+180B–U+180F, U+FE00–U+FE0F) combine with what precedes them: matching them alone is the point.
const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDDEF]/g;

/** Named entities GitHub renders as invisible or reordering characters. */
const INVISIBLE_NAMED_ENTITY =
  /&(?:zwj|zwnj|lrm|rlm|shy|ZeroWidthSpace|NegativeVeryThinSpace|NegativeThinSpace|NegativeMediumSpace|NegativeThickSpace|NoBreak|InvisibleTimes|it|InvisibleComma|ic|ApplyFunction|af);/g;

/** Attributes that never show as text but can carry it (alt, title, aria-*, data-*, …). */
const HIDDEN_ATTRIBUTE = /\s(?:alt|title|aria-[\w-]+|data-[\w-]*|placeholder|style|hidden)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?(?=[\s/>])/gi;

/** An element marked `hidden` (or styled away) together with its content. */
const HIDDEN_ELEMENT =
  /<([a-z][\w-]*)\b[^<>]*?\s(?:hidden\b|style\s*=\s*["'][^"']*(?:display\s*:\s*none|visibility\s*:\s*hidden)[^"']*["'])[^<>]*>[\s\S]*?<\/\1\s*>/gi;

export function sanitizeUntrusted(text: string, options: SanitizeOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX_UNTRUSTED_LENGTH;
  let out = text.replace(/\r\n?/g, '\n');
  // Numeric entities first, so `&#60;!-- … --&#62;` or `&#x200B;` cannot slip past the steps below.
  out = decodeNumericEntities(out);
  out = out.replace(INVISIBLE, '').replace(INVISIBLE_NAMED_ENTITY, '');
  out = stripHtmlComments(out);
  out = out.replace(HIDDEN_ELEMENT, '');
  out = stripHiddenAttributes(out);
  out = stripMarkdownHiddenText(out);
  out = out
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return capLength(out, maxLength);
}

function decodeNumericEntities(text: string): string {
  return text.replace(/&#(?:x([0-9a-f]{1,6})|(\d{1,7}));?/gi, (whole, hex: string | undefined, dec: string | undefined) => {
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** GitHub hides an unterminated `<!--` to the end of the text, so that goes too. */
function stripHtmlComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
}

function stripHiddenAttributes(text: string): string {
  // Only inside what parses as an HTML tag, so `List<String>` or `a < b > c` stay as typed.
  return text.replace(/<[a-z][\w-]*(?:\s[^<>]*)?\/?>/gi, (tag) => {
    let previous;
    let out = tag;
    do {
      previous = out;
      out = out.replace(HIDDEN_ATTRIBUTE, '');
    } while (out !== previous);
    return out;
  });
}

/** Image alt text and link titles render as nothing (or only on hover). */
function stripMarkdownHiddenText(text: string): string {
  return (
    text
      // ![alt](url) and ![alt][ref] keep only the link.
      .replace(/!\[[^\]]*\]/g, '![]')
      // [text](url "title"), 'title' or (title): drop the title, keep the url.
      .replace(/(\]\(\s*[^\s)]+)\s+(?:"[^"]*"|'[^']*'|\([^()]*\))\s*\)/g, '$1)')
      // [ref]: url "title" — a reference definition renders as nothing at all.
      .replace(/^ {0,3}\[[^\]]+\]:\s*\S+(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?[ \t]*$/gm, '')
  );
}

function capLength(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const marker = (n: number) => `\n[… ${n} more characters removed]`;
  // A cap too small for the marker gets the bare cut: the cap is a promise.
  const roomForMarker = maxLength > marker(text.length).length;
  let keep = roomForMarker ? maxLength - marker(text.length).length : maxLength;
  // Never split a surrogate pair.
  if (keep > 0 && /[\uD800-\uDBFF]/.test(text[keep - 1] ?? '')) keep -= 1;
  return text.slice(0, keep) + (roomForMarker ? marker(text.length - keep) : '');
}
