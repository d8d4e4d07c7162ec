// sphinx-cv: the filter box of publication lists and copy buttons for BibTeX.
// Without JavaScript the full lists and the BibTeX records show; the box is hidden.
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

function setUpCopyButtons() {
  if (!navigator.clipboard) return;
  for (const details of document.querySelectorAll("details.cv-bibtex")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "cv-copy";
    button.textContent = "Copy BibTeX";
    const summary = details.querySelector("summary");
    button.setAttribute("aria-describedby", summary.getAttribute("aria-describedby"));
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(details.querySelector("pre").textContent);
      button.textContent = "Copied";
      setTimeout(() => (button.textContent = "Copy BibTeX"), 2000);
    });
    details.after(button);
  }
}

document.documentElement.classList.add("cv-js");
document.addEventListener("DOMContentLoaded", () => {
  setUpFilter();
  setUpCopyButtons();
});
