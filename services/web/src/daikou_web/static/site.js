// Daikou web: the little script the pages need (served from this site; no inline scripts).
// Previews the images chosen in a file input marked data-preview="<id of the preview box>".
(function () {
  "use strict";
  function preview(input) {
    var box = document.getElementById(input.getAttribute("data-preview"));
    if (!box) { return; }
    box.replaceChildren();
    Array.prototype.forEach.call(input.files || [], function (file) {
      var figure = document.createElement("figure");
      if (/^image\//.test(file.type)) {
        var img = document.createElement("img");
        img.alt = file.name;
        img.src = URL.createObjectURL(file);
        figure.appendChild(img);
      }
      var caption = document.createElement("figcaption");
      caption.textContent = file.name + " (" + Math.ceil(file.size / 1024) + " KB)";
      figure.appendChild(caption);
      box.appendChild(figure);
    });
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input && input.matches && input.matches("input[type=file][data-preview]")) { preview(input); }
  });
  // "Add another item" numbers the new row after the rows already on the form.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt && event.detail.elt.id === "add-item") {
      event.detail.parameters.index = document.querySelectorAll(".item-row").length;
    }
  });
})();
