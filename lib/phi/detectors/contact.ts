import { find as findLinks } from "linkifyjs";
import { digitCount, matches, RANK, type Span } from "./span";

// Phones (US and international forms; a fax is a phone number with a fax cue), emails and URLs
// (linkifyjs, which knows the real top-level domains), IPv4 and IPv6 addresses.

// Any 3-3-4 shape, fictional 555 numbers too: (212) 555-0143, 212-555-0143, 212.555.0143, 212 555 0143, +1 212 555 0143, 1-800-555-0100, with "ext 22".
const NANP =
  /(?<![\w+/.-])(?:\+?1[-.\s]?)?(?:\(\s*\d{3}\s*\)\s?|\d{3}[-.\s])\d{3}[-.\s]\d{4}(?![\w-]|\.\d)(?:\s*(?:x|ext\.?|extension)\s*\d{1,6})?/g;
// +44 20 7946 0958, +33 1 42 68 53 00, +49 (30) 901820: 8 to 15 digits after a country code.
const INTERNATIONAL = /(?<![\w+])\+[1-9]\d{0,2}(?:[-.\s]?\(?\d{1,5}\)?){2,6}(?!\d)/g;
// A UK mobile number, a phone number with or without a cue: 07700 900123, 07700 900 123, 07700900123
// (11 digits from 07; nothing clinical has that shape).
const UK_MOBILE = /(?<![\d.-])07\d{3}(?:[-\s]?\d{6}|[-\s]\d{3}[-\s]\d{3})(?![\d-]|\.\d)/g;
// Forms that are phone numbers only after a cue: 2125550143, 020 7946 0958, 01632 960123 (a national number
// of 2 to 5 digits after the 0, then blocks of 2 to 6), 555-0143.
const CUED = [
  /(?<![\d.-])(?:\+?1)?[2-9]\d{2}[2-9]\d{6}(?!\d)/g,
  /(?<![\d.-])0\d{1,4}(?:[-.\s]\d{2,6}){1,4}(?![\d-]|\.\d)/g,
  /(?<![\d.-])[2-9]\d{2}-\d{4}(?![\d-])/g,
];
// The cue a few words before the number: "call 020 7946 0958", "contact his daughter Mary Smith on 01632 960123".
const PHONE_CUE =
  /\b(?:phone|ph|tel|telephone|call(?:ed)?|cell|cellphone|mobile|mob|contact|pager|beeper|reach(?:ed)?|whatsapp|text|fax|facsimile|telefax)\b[^\n\d]{0,32}$|\b[TFPM]\s*:\s*$/i;
const FAX_BEFORE = /(?:\b(?:fax(?:ed)?|facsimile|telefax)\b|\bF\s*:)[^\n\d]*$/i;
const PHONE_WORD_BEFORE = /\b(?:phone|ph|tel|telephone|call|cell|mobile|pager|T\s*:)[^\n\d]*$/i;
const FAX_AFTER = /^\s*[([]?\s*(?:fax|facsimile)\b/i;

// Bare host names (no scheme, no www.) count only with one of these endings: "liver.It" or "script.py"
// are not addresses.
const BARE_TLDS = new Set(
  (
    "com org net edu gov mil int info biz io co uk ca au nz ie de fr nl es ch se dk fi no jp cn kr br mx za " +
    "health care clinic hospital doctor app dev online site xyz ly"
  ).split(" "),
);

const LINK_HINT = /@|:\/\/|www\.|[\w-]\.[a-z]{2,}/i;

const IPV4 =
  /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/(?:3[0-2]|[12]?\d))?(?![\d]|\.\d)/g;
const IPV6_CANDIDATE =
  /(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::\d{1,3}(?:\.\d{1,3}){3})?(?![\w:])/g;

function phoneCategory(text: string, start: number, end: number): "PHONE" | "FAX" {
  const before = text.slice(Math.max(0, start - 40), start);
  const fax = FAX_BEFORE.exec(before);
  if (fax) {
    const phone = PHONE_WORD_BEFORE.exec(before);
    // "Phone: … Fax: <number>" is a fax; "Fax … call <number>" is a phone.
    if (!phone || phone.index < fax.index) return "FAX";
  }
  return FAX_AFTER.test(text.slice(end, end + 12)) ? "FAX" : "PHONE";
}

export function findContacts(text: string, out: Span[]): void {
  const phone = (start: number, end: number) =>
    out.push({ start, end, category: phoneCategory(text, start, end), rank: RANK.shape });
  for (const m of matches(NANP, text)) phone(m.index, m.index + m[0].length);
  for (const m of matches(UK_MOBILE, text)) phone(m.index, m.index + m[0].length);
  for (const m of matches(INTERNATIONAL, text)) {
    const n = digitCount(m[0]);
    // "(+1 212 555 0110)": the closing bracket is the sentence's, unless the number opened one.
    const text0 = m[0].trimEnd();
    const unbalanced = text0.endsWith(")") && !text0.slice(0, -1).includes("(");
    if (n >= 8 && n <= 15) phone(m.index, m.index + text0.length - (unbalanced ? 1 : 0));
  }
  for (const re of CUED) {
    for (const m of matches(re, text)) {
      if (PHONE_CUE.test(text.slice(Math.max(0, m.index - 60), m.index)))
        phone(m.index, m.index + m[0].length);
    }
  }

  // linkify is the costliest step here: only where something looks like an address.
  if (LINK_HINT.test(text)) {
    for (const link of findLinks(text)) {
      if (link.type === "email") {
        out.push({ start: link.start, end: link.end, category: "EMAIL", rank: RANK.container });
      } else if (link.type === "url") {
        const bare = !/^[a-z][\w+.-]*:/i.test(link.value) && !/^www\./i.test(link.value);
        const tld =
          link.value
            .split(/[/?#:]/)[0]
            ?.split(".")
            .pop() ?? "";
        if (bare && !BARE_TLDS.has(tld)) continue;
        out.push({ start: link.start, end: link.end, category: "URL", rank: RANK.container });
      }
    }
  }

  for (const m of matches(IPV4, text)) {
    if (/\bv(?:ersion)?\s*$/i.test(text.slice(Math.max(0, m.index - 10), m.index))) continue;
    out.push({ start: m.index, end: m.index + m[0].length, category: "IP", rank: RANK.shape });
  }
  if (text.includes("::") || /[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:/.test(text)) {
    for (const m of matches(IPV6_CANDIDATE, text)) {
      if (isIpv6(m[0]))
        out.push({ start: m.index, end: m.index + m[0].length, category: "IP", rank: RANK.shape });
    }
  }
}

/** The URL parser knows IPv6 in every written form (and is in browsers and Node alike). */
function isIpv6(candidate: string): boolean {
  if (candidate.replace(/[^:]/g, "").length < 2 || candidate.replace(/:/g, "").length < 2) return false;
  // Times ("10:30:45") and MAC addresses have too few or too many groups for IPv6 without "::".
  try {
    new URL(`http://[${candidate}]/`);
    return true;
  } catch {
    return false;
  }
}
