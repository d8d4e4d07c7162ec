// sphinx-cv: a filter box for publication lists and copy buttons for BibTeX.
// Without JavaScript the full lists and the BibTeX records still show.
"use strict";

function setUpFilter() {
  const lists = document.querySelectorAll("ol.cv-bibliography");
  if (lists.length === 0) return;
  const entries = [...document.querySelectorAll("ol.cv-bibliography > li")];
  const words = (text) => text.toLowerCase().split(/\s+/).filter(Boolean);
  const haystacks = new Map(
    entries.map((li) => [li, li.querySelector(".cv-body > p").textContent.toLowerCase()]),
  );

  const form = document.createElement("form");
  form.className = "cv-filter";
  form.setAttribute("role", "search");
  form.innerHTML =
    '<label for="cv-filter-input">Filter publications</label> ' +
    '<input id="cv-filter-input" type="search" autocomplete="off" ' +
    'placeholder="title, co-author, venue or year" aria-describedby="cv-filter-count">' +
    '<p id="cv-filter-count" class="cv-filter-count" role="status" aria-live="polite"></p>';
  form.addEventListener("submit", (event) => event.preventDefault());
  const firstSection = lists[0].closest("section") ?? lists[0];
  firstSection.parentElement.insertBefore(form, firstSection);

  const input = form.querySelector("input");
  const count = form.querySelector(".cv-filter-count");
  const update = () => {
    const wanted = words(input.value);
    let shown = 0;
    for (const [li, text] of haystacks) {
      const match = wanted.every((word) => text.includes(word));
      li.hidden = !match;
      shown += match;
    }
    count.textContent = wanted.length
      ? `${shown} of ${entries.length} papers match`
      : `${entries.length} papers`;
  };
  input.addEventListener("input", update);
  update();
}

function setUpCopyButtons() {
  if (!navigator.clipboard) return;
  for (const details of document.querySelectorAll("details.cv-bibtex")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "cv-copy";
    button.textContent = "Copy BibTeX";
    const paper = details.querySelector("summary .visually-hidden").textContent;
    button.setAttribute("aria-label", `Copy BibTeX${paper}`);
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(details.querySelector("pre").textContent);
      button.textContent = "Copied";
      setTimeout(() => (button.textContent = "Copy BibTeX"), 2000);
    });
    details.after(button);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setUpFilter();
  setUpCopyButtons();
});
