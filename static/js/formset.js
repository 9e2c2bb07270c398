// "Add another row" for Django formsets: each [data-formset] holds its management form, a list
// of rows and a <template data-formset-empty> with the formset's empty form (prefix "__prefix__").
// A click copies the template with the next index and raises TOTAL_FORMS. Without this script
// the page still works: every formset shows one blank row, and saving shows another.

export function addRow(section) {
  const total = section.querySelector('input[name$="-TOTAL_FORMS"]');
  const max = section.querySelector('input[name$="-MAX_NUM_FORMS"]');
  const index = Number(total.value);
  if (max && index >= Number(max.value)) return null;
  const template = section.querySelector("template[data-formset-empty]");
  const html = template.innerHTML.replace(/__prefix__/g, String(index));
  const holder = document.createElement("div");
  holder.innerHTML = html.trim();
  const row = holder.firstElementChild;
  section.querySelector("[data-formset-list]").appendChild(row);
  total.value = String(index + 1);
  const first = row.querySelector("input:not([type=hidden]), select, textarea");
  if (first) first.focus();
  return row;
}

for (const section of document.querySelectorAll("[data-formset]")) {
  const button = section.querySelector("[data-formset-add]");
  if (button) button.addEventListener("click", () => addRow(section));
}

// A KPI's target is in its metric's unit: the metric select carries the units
// (data-units="views=views view_through_rate=% …"); the target field shows the chosen one.
function showUnit(select) {
  const units = Object.fromEntries(
    (select.dataset.units || "").split(" ").filter(Boolean).map((pair) => pair.split("=")),
  );
  const row = select.closest("[data-formset-row]");
  const target = row && row.querySelector('input[name$="-target"]');
  if (!target) return;
  const unit = units[select.value] || "";
  target.placeholder = unit === "currency" ? "in the budget's currency" : unit ? `in ${unit}` : "";
}

document.addEventListener("change", (event) => {
  if (event.target.matches && event.target.matches("select[data-units]")) showUnit(event.target);
});
for (const select of document.querySelectorAll("select[data-units]")) showUnit(select);
