// Ferrite's web app: the scenario's inputs as grids, versions, variants and the scenario tree.
"use strict";

(function () {
  const F = window.Ferrite;
  void F;
})();
