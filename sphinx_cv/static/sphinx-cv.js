// sphinx-cv: the filter box of publication lists and copy buttons for BibTeX.
// Without JavaScript the full lists show, BibTeX is a link to the paper's page,
// the box is hidden.
"use strict";

function setUpFilter() {
  const form = document.querySelector("form.cv-filter");
  const entries = [...document.querySelectorAll("ol.cv-bibliography > li")];
  if (!form || entries.length === 0) return;
  const haystacks = new Map(
    entries.map((li) => [li, li.querySelector(".cv-body > p").textContent.toLowerCase()]),
  );
  const input = form.querySelector("input");
  const count = form.querySelector(".cv-filter-count");
  const update = () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const [li, text] of haystacks) {
      const match = words.every((word) => text.includes(word));
      li.hidden = !match;
      shown += match;
    }
    // The words come with the form, in the page's language.
    const said = words.length ? form.dataset.matching : form.dataset.papers;
    count.textContent = said.replace("{shown}", shown).replace("{total}", entries.length);
  };
  form.addEventListener("submit", (event) => event.preventDefault());
  input.addEventListener("input", update);
  update();
}

function copyButton(label, copied, describedBy, text) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "cv-copy";
  button.textContent = label;
  if (describedBy) button.setAttribute("aria-describedby", describedBy);
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(await text());
    button.textContent = copied;
    setTimeout(() => (button.textContent = label), 2000);
  });
  return button;
}

// The BibTeX record that a paper's page shows.
const recordIn = (page) => page.querySelector(".cv-bibtex-record pre").textContent;

function setUpCopyButtons() {
  if (!navigator.clipboard) return;
  // In a list: the link to the paper's page becomes one click that copies the
  // record shown there.
  for (const link of document.querySelectorAll("a.cv-bibtex")) {
    const fetchRecord = async () => {
      const page = await (await fetch(link.href)).text();
      return recordIn(new DOMParser().parseFromString(page, "text/html"));
    };
    const { copy, copied } = link.dataset;
    link.replaceWith(copyButton(copy, copied, link.getAttribute("aria-describedby"), fetchRecord));
  }
  // On a paper's page: the record is there.
  const record = document.querySelector(".cv-bibtex-record");
  if (record) {
    const { copy, copied } = record.dataset;
    record.after(copyButton(copy, copied, null, async () => recordIn(document)));
  }
}

document.documentElement.classList.add("cv-js");
document.addEventListener("DOMContentLoaded", () => {
  setUpFilter();
  setUpCopyButtons();
});
