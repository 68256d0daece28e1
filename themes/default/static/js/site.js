/* leerpad: small enhancements shared by every page. Classic script (works from file://). */
(function () {
  'use strict';
  document.documentElement.classList.add('js');
})();
