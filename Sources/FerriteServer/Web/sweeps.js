// Ferrite's web app: a sweep's results.
"use strict";

(function () {
  const F = window.Ferrite;
  void F;
})();
