/* @mention completion, the text side (no DOM; tested under node): where an "@name" being typed
   starts, which people it could be, and the text with the chosen name put in. Names are the
   handles review/mentions.py reads back ("@Full Name" or "@emailname"). */

const MAX_QUERY = 40;

/* The "@…" the caret is in: {start, query} (``start`` is the "@"), or null. It starts the text or
   follows a space or an opening bracket, runs to the caret on one line, and holds at most two
   spaces (a full name). */
export function mentionQuery(text, caret) {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at < 0) return null;
  if (at > 0 && !/[\s([{"'“‘]/.test(before[at - 1])) return null; // an email address, not a mention
  const query = before.slice(at + 1);
  if (query.length > MAX_QUERY || /[\n@]/.test(query) || /\s\s/.test(query)) return null;
  if ((query.match(/\s/g) || []).length > 2) return null;
  return { start: at, query };
}

/* The names that fit ``query`` (any case): those starting with it first, then those with a word
   starting with it; each once, at most ``limit``. An empty query offers the first names. */
export function matchNames(names, query, limit = 6) {
  const q = query.trim().toLowerCase();
  const seen = new Set();
  const starts = [];
  const inside = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    if (!q || lower.startsWith(q)) starts.push(name);
    else if (lower.split(/[\s._-]+/).some((word) => word.startsWith(q))) inside.push(name);
  }
  return [...starts, ...inside].slice(0, limit);
}

/* ``text`` with the "@…" from ``start`` to ``caret`` replaced by "@name " (the space ends the
   mention, so the next word is not read as part of the name): {text, caret}. */
export function insertMention(text, start, caret, name) {
  const mention = `@${name} `;
  const after = text.slice(caret).replace(/^\s/, "");
  return { text: text.slice(0, start) + mention + after, caret: start + mention.length };
}
