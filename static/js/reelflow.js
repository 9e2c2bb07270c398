/* Reelflow: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function enhance(root) {
    // Flash messages can be dismissed.
    root.querySelectorAll("[data-dismiss]").forEach(function (button) {
      button.addEventListener("click", function () {
        var flash = button.closest(".flash");
        if (flash) flash.remove();
      });
    });

    // Forms that need a second thought.
    root.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });

    // Copy a value (a share link) to the clipboard; the button says so for a moment.
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var text = button.getAttribute("data-copy");
        var done = function () {
          var label = button.textContent;
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = label; }, 1500);
        };
        if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, function () {});
        else {
          var field = document.querySelector('[data-copy-source="' + button.getAttribute("data-copy-for") + '"]');
          if (field) { field.select(); document.execCommand("copy"); done(); }
        }
      });
    });

    // Pre-select the browser's time zone on sign-up forms.
    root.querySelectorAll("select[data-detect-time-zone]").forEach(function (select) {
      if (select.dataset.touched) return;
      try {
        var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (zone && select.value === "UTC" && select.querySelector('option[value="' + zone + '"]')) {
          select.value = zone;
        }
      } catch (e) { /* keep the default */ }
    });

    // Invite form: the client company and projects only matter for the client role,
    // and only that client's projects can be ticked.
    root.querySelectorAll("form[data-invite-form]").forEach(function (form) {
      var role = form.querySelector("[data-role-select]");
      var client = form.querySelector("[data-client-select]");
      var clientOnly = form.querySelector("[data-client-only]");
      if (!role || !clientOnly) return;
      function sync() {
        var isClient = role.value === "client";
        clientOnly.hidden = !isClient;
        var chosen = client ? client.value : "";
        var shown = 0;
        form.querySelectorAll("input[data-client]").forEach(function (box) {
          var match = isClient && chosen && box.getAttribute("data-client") === chosen;
          var label = box.closest(".check");
          if (label) label.hidden = !match;
          if (!match) box.checked = false;
          if (match) shown += 1;
        });
        var placeholder = form.querySelector("[data-projects-placeholder]");
        if (placeholder) {
          placeholder.hidden = shown > 0;
          placeholder.textContent = chosen
            ? "This client has no projects yet. You can give access later."
            : "Choose a client company to see its projects.";
        }
      }
      role.addEventListener("change", sync);
      if (client) client.addEventListener("change", sync);
      sync();
    });
  }

  onReady(function () {
    enhance(document);
    // Close the user menu when clicking elsewhere.
    document.addEventListener("click", function (event) {
      document.querySelectorAll("details.usermenu[open]").forEach(function (menu) {
        if (!menu.contains(event.target)) menu.removeAttribute("open");
      });
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      enhance(event.detail.target);
    });
  });
})();
