// sphinx-cv: the filter box of publication lists and copy buttons for BibTeX.
// Without JavaScript the full lists show, BibTeX is a download, the box is hidden.
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
    count.textContent = words.length
      ? `${shown} of ${entries.length} papers match`
      : `${entries.length} papers`;
  };
  form.addEventListener("submit", (event) => event.preventDefault());
  input.addEventListener("input", update);
  update();
}

function copyButton(label, describedBy, text) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "cv-copy";
  button.textContent = label;
  if (describedBy) button.setAttribute("aria-describedby", describedBy);
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(await text());
    button.textContent = "Copied";
    setTimeout(() => (button.textContent = label), 2000);
  });
  return button;
}

function setUpCopyButtons() {
  if (!navigator.clipboard) return;
  // In a list: the link to the paper's .bib file becomes one click that copies it.
  for (const link of document.querySelectorAll("a.cv-bibtex")) {
    const fetchRecord = async () => (await fetch(link.href)).text();
    link.replaceWith(
      copyButton("Copy BibTeX", link.getAttribute("aria-describedby"), fetchRecord),
    );
  }
  // On a paper's page: the record is there.
  for (const record of document.querySelectorAll(".cv-bibtex-record pre")) {
    const text = async () => record.textContent;
    record.closest(".cv-bibtex-record").after(copyButton("Copy BibTeX", null, text));
  }
}

document.documentElement.classList.add("cv-js");
document.addEventListener("DOMContentLoaded", () => {
  setUpFilter();
  setUpCopyButtons();
});
