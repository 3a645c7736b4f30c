// Refreshes the progress of jobs still to finish every two seconds without reloading the page;
// reloads once when one of them ends, so its final counts and rejected rows show. Pages work
// without this script: it only saves the reload.
(function () {
  "use strict";
  var live = Array.prototype.slice.call(document.querySelectorAll(".progress[data-live]"));
  if (live.length === 0 || !window.fetch) {
    return;
  }
  function refresh() {
    Promise.all(live.map(function (bar) {
      return fetch("/admin/jobs/" + bar.getAttribute("data-job") + "/progress", {credentials: "same-origin"})
        .then(function (reply) { return reply.ok ? reply.json() : null; })
        .then(function (state) {
          if (!state) {
            return false;
          }
          bar.querySelector("progress").value = state.percent;
          bar.querySelector("progress").textContent = state.percent + "%";
          bar.querySelector(".progress-text").textContent = state.text;
          return state.finished;
        })
        .catch(function () { return false; });
    })).then(function (finished) {
      if (finished.indexOf(true) >= 0) {
        window.location.reload();
      } else {
        window.setTimeout(refresh, 2000);
      }
    });
  }
  window.setTimeout(refresh, 2000);
})();

// Shows every time in the viewer's own time zone (the page carries the instant in datetime), and
// sends that zone with the jobs filter so its dates mean the viewer's days.
(function () {
  "use strict";
  var zone = document.getElementById("tz");
  if (zone && !zone.value && Intl.DateTimeFormat().resolvedOptions().timeZone) {
    zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone;
  }
  var format = new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    timeZoneName: "short"
  });
  Array.prototype.forEach.call(document.querySelectorAll("time[datetime]"), function (time) {
    var when = new Date(time.getAttribute("datetime"));
    if (!isNaN(when.getTime())) {
      time.title = time.textContent;
      time.textContent = format.format(when);
    }
  });
})();
