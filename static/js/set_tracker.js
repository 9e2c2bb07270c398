/* The on-set tracker (templates/shoot/set.html): "Upload a daily" on a shot's card picks that shot
   in the uploader and opens the file picker (one tap more than the card's); when a file is in,
   the shots are fetched again so the new daily shows with its render's progress. Without script,
   the link opens the page with the shot chosen and the uploader open. */
(function () {
  "use strict";

  var upload = document.getElementById("upload");
  var select = upload && upload.querySelector("[data-destination]");
  var input = upload && upload.querySelector("[data-file-input]");

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-upload-for]");
    if (!link || !select) return;
    var value = link.getAttribute("data-upload-for");
    if (!Array.prototype.some.call(select.options, function (o) { return o.value === value; })) return;
    event.preventDefault();
    select.value = value;
    upload.open = true;
    upload.scrollIntoView({ behavior: "smooth", block: "start" });
    if (input) input.click();
  });

  document.addEventListener("reelflow:uploaded", function () {
    var shots = document.getElementById("set-shots");
    if (!shots || !window.htmx) return;
    var url = window.location.pathname.replace(/\/$/, "") + "/shots/";
    var open = Array.prototype.map.call(shots.querySelectorAll(".setcard__details[open]"), function (d) {
      return d.closest(".setcard").id;
    });
    window.htmx.ajax("GET", url, { target: "#set-shots", swap: "outerHTML" }).then(function () {
      open.forEach(function (id) {  // the cards open before stay open
        var card = document.getElementById(id);
        var details = card && card.querySelector(".setcard__details");
        if (details) details.open = true;
      });
    });
  });
})();
