import assert from "node:assert/strict";
import { test } from "node:test";

import { insertMention, matchNames, mentionQuery } from "../../static/js/review/mention_text.js";

const NAMES = ["Ann Client", "ann.client", "Ed Editor", "ed", "Pia Producer", "Anna Bell"];

test("the @ being typed is found at the start, after a space or a bracket, up to the caret", () => {
  assert.deepEqual(mentionQuery("@An", 3), { start: 0, query: "An" });
  assert.deepEqual(mentionQuery("Ask @Ed Ed", 10), { start: 4, query: "Ed Ed" });
  assert.deepEqual(mentionQuery("(@pi", 4), { start: 1, query: "pi" });
  assert.deepEqual(mentionQuery("hi @", 4), { start: 3, query: "" });
});

test("an email address, a new line, or a long run is not a mention", () => {
  assert.equal(mentionQuery("mail ann@acme.test", 18), null);
  assert.equal(mentionQuery("@Ann\nthen", 9), null);
  assert.equal(mentionQuery("@a b c d e", 10), null);
  assert.equal(mentionQuery("@a  b", 5), null);
  assert.equal(mentionQuery("no at here", 10), null);
  assert.equal(mentionQuery("@" + "x".repeat(41), 42), null);
});

test("names starting with the query come first, then a word of them, each once", () => {
  assert.deepEqual(matchNames(NAMES, "an"), ["Ann Client", "ann.client", "Anna Bell"]);
  assert.deepEqual(matchNames(NAMES, "cli"), ["Ann Client", "ann.client"]);
  assert.deepEqual(matchNames(NAMES, "ED"), ["Ed Editor", "ed"]);
  assert.deepEqual(matchNames(NAMES, "zz"), []);
  assert.deepEqual(matchNames([...NAMES, "ED"], "ed"), ["Ed Editor", "ed"]); // a name once, whatever its case
  assert.equal(matchNames(NAMES, "", 2).length, 2);
});

test("the chosen name replaces what was typed and ends with one space", () => {
  assert.deepEqual(insertMention("Ask @an now", 4, 7, "Ann Client"), { text: "Ask @Ann Client now", caret: 16 });
  assert.deepEqual(insertMention("@ed", 0, 3, "Ed Editor"), { text: "@Ed Editor ", caret: 11 });
});
