// A print button for pages meant for paper (the record certificate). A file of its own, not
// an inline handler: the pages' Content-Security-Policy allows scripts from this site only.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
