// Runs first: any script error, console.error or alert() call while the page draws is recorded on
// <html data-report-errors> and shown in a banner, so a broken chart is visible to the reader and
// the browser test. A page of log text never needs alert(): a call means something ran that should not.
(function () {
  'use strict';
  var errors = [];
  function record(message) {
    errors.push(String(message));
    document.documentElement.setAttribute('data-report-errors', JSON.stringify(errors));
    var banner = document.getElementById('report-errors');
    if (banner) {
      banner.hidden = false;
      banner.textContent = 'This page hit errors while drawing: ' + errors.join(' | ');
    }
  }
  window.addEventListener('error', function (e) {
    record('error: ' + (e.message || e.type));
  });
  window.addEventListener('unhandledrejection', function (e) {
    record('unhandled rejection: ' + e.reason);
  });
  var consoleError = console.error;
  console.error = function () {
    record('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return consoleError.apply(console, arguments);
  };
  window.alert = function (message) {
    record('alert: ' + message);
  };
  window.reportErrors = record;
})();
