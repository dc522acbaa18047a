// The counter's cart: the running total and the points left as quantities change, and the
// receipt's print button. The pages work without it: the server totals the cart whenever
// it shows one (a refused redemption comes back with its quantities and its total).
(function () {
  "use strict";
  function whole(text) {
    var value = parseInt(text, 10);
    return isNaN(value) ? 0 : value;
  }
  function update(form) {
    var total = 0;
    form.querySelectorAll("input[data-points]").forEach(function (input) {
      var quantity = whole(input.value);
      if (quantity > 0) total += quantity * whole(input.getAttribute("data-points"));
    });
    var left = whole(form.getAttribute("data-spendable")) - total;
    form.querySelector("[data-cart-total]").textContent = String(total);
    var shown = form.querySelector("[data-points-left]");
    shown.textContent = String(left);
    shown.className = left < 0 ? "minus" : "plus";
  }
  document.querySelectorAll("form[data-cart]").forEach(function (form) {
    form.addEventListener("input", function () { update(form); });
    update(form);
  });
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
