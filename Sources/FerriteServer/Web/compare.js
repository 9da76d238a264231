// Ferrite's web app: comparing two to six runs.
"use strict";

(function () {
  const F = window.Ferrite;
  void F;
})();
