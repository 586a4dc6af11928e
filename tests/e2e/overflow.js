// What sticks out on a page (tests/e2e/test_layout_a11y.py): anything wider than the viewport, outside its table
// cell, or a box that scrolls sideways (a table whose columns hide behind a scroll). Plotly's off-screen text
// measurer, visually hidden elements, closed menus and the boxes named by allowScroll (a CSS selector) aside.
(allowScroll) => {
  const found = [];
  const vw = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "")
    + " «" + (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40) + "»";
  if (document.documentElement.scrollWidth > vw + 1) found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("#js-plotly-tester, .visually-hidden, .visually-hidden-focusable, .dropdown-menu:not(.show), " + allowScroll)) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (!box.width || style.visibility === "hidden") continue;
    if (["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
      found.push(`scrolls sideways, columns out of sight: ${name(el)} ${el.scrollWidth} > ${el.clientWidth}`);
    if (box.right > vw + 1 || box.left < -1)
      found.push(`outside the viewport: ${name(el)} ${Math.round(box.left)}..${Math.round(box.right)} of ${vw}`);
    const cell = el.parentElement && el.parentElement.closest("td, th");
    if (cell) {
      const c = cell.getBoundingClientRect();
      if (box.right > c.right + 1 || box.left < c.left - 1)
        found.push(`outside its cell: ${name(el)} ${Math.round(box.left)}..${Math.round(box.right)} in ${Math.round(c.left)}..${Math.round(c.right)}`);
    }
  }
  return found;
}
