/* @mention completion on the review page: typing "@" and the start of a name in a comment, reply
   or edit box lists the people who can be mentioned (fetched from the page's #mention-names
   address when a box is first focused or typed in); ↑ ↓ choose, Enter or Tab puts the name in,
   Esc closes; a click does too. The names are what the server reads back as mentions, so a
   completed name always notifies. */

import { insertMention, matchNames, mentionQuery } from "./mention_text.js";

const source = document.getElementById("mention-names");
let names = [];
let loading = null;

function loadNames() {
  loading ??= fetch(source.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : { names: [] }))
    .then((data) => (names = data.names))
    .catch(() => (loading = null)); // offline for a moment: try again at the next keystroke
  return loading;
}

let box = null; // the open list: {textarea, list, start, options, active}

function close() {
  if (!box) return;
  box.textarea.setAttribute("aria-expanded", "false");
  box.textarea.removeAttribute("aria-activedescendant");
  box.list.remove();
  box = null;
}

function choose(name) {
  const { textarea, start } = box;
  const put = insertMention(textarea.value, start, textarea.selectionStart, name);
  textarea.value = put.text;
  textarea.setSelectionRange(put.caret, put.caret);
  close();
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
  textarea.focus();
}

function highlight(index) {
  box.active = (index + box.options.length) % box.options.length;
  box.list.querySelectorAll("[role=option]").forEach((option, i) => {
    option.setAttribute("aria-selected", String(i === box.active));
    if (i === box.active) box.textarea.setAttribute("aria-activedescendant", option.id);
  });
}

function open(textarea, found, options) {
  close();
  const list = document.createElement("ul");
  list.className = "mention-list";
  list.id = `mention-list-${Math.random().toString(36).slice(2)}`;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "People to mention");
  options.forEach((name, i) => {
    const option = document.createElement("li");
    option.id = `${list.id}-${i}`;
    option.setAttribute("role", "option");
    option.textContent = `@${name}`;
    option.addEventListener("mousedown", (event) => {
      event.preventDefault(); // keep the focus in the box
      choose(name);
    });
    list.appendChild(option);
  });
  textarea.insertAdjacentElement("afterend", list);
  textarea.setAttribute("aria-controls", list.id);
  textarea.setAttribute("aria-expanded", "true");
  box = { textarea, list, start: found.start, options, active: 0 };
  highlight(0);
}

function update(textarea) {
  const found = mentionQuery(textarea.value, textarea.selectionStart);
  const options = found ? matchNames(names, found.query) : [];
  if (!options.length) return close();
  open(textarea, found, options);
}

if (source) {
  const boxes = "textarea[name=text]";
  document.addEventListener("focusin", (event) => {
    if (event.target.matches(boxes)) loadNames();
  });
  document.addEventListener("input", (event) => {
    if (event.target.matches(boxes) && event.isTrusted !== false) loadNames().then(() => update(event.target));
  });
  document.addEventListener("keydown", (event) => {
    if (!box || event.target !== box.textarea) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      highlight(box.active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" || event.key === "Tab") {
      choose(box.options[box.active]);
    } else if (event.key === "Escape") {
      close();
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation(); // not a player shortcut, not a form's submit
  });
  document.addEventListener("focusout", (event) => {
    if (box && event.target === box.textarea) close();
  });
}
