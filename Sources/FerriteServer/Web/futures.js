// Ferrite's web app: a futures study: the decision that holds up across futures.
"use strict";

(function () {
  const F = window.Ferrite;
  void F;
})();
