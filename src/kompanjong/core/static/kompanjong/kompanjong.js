/* Kompanjong: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Error summary (or a confirmation): move focus to it so screen readers read it first.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]") || document.querySelector("[data-notice]");
    if (summary) { summary.focus(); }
  }

  // Read aloud: only offered when the device has a voice for the page's language.
  function setUpReadAloud() {
    var button = document.querySelector("[data-read-aloud]");
    var synth = window.speechSynthesis;
    if (!button || !synth || typeof SpeechSynthesisUtterance === "undefined") { return; }
    var lang = (document.documentElement.lang || "nb").toLowerCase();
    var wanted = lang === "nb" || lang === "nn" ? ["nb", "no", "nn"] : [lang];
    function voiceFor() {
      var voices = synth.getVoices();
      for (var i = 0; i < voices.length; i++) {
        var code = (voices[i].lang || "").toLowerCase().split(/[-_]/)[0];
        if (wanted.indexOf(code) !== -1) { return voices[i]; }
      }
      return null;
    }
    function update() { button.hidden = !voiceFor(); }
    update();
    if (typeof synth.addEventListener === "function") { synth.addEventListener("voiceschanged", update); }
    button.addEventListener("click", function () {
      if (synth.speaking) {
        synth.cancel();
        button.textContent = button.getAttribute("data-label-start");
        return;
      }
      var main = document.getElementById("main");
      var utterance = new SpeechSynthesisUtterance(main ? main.innerText : document.body.innerText);
      utterance.voice = voiceFor();
      utterance.lang = utterance.voice ? utterance.voice.lang : lang;
      utterance.onend = function () { button.textContent = button.getAttribute("data-label-start"); };
      button.textContent = button.getAttribute("data-label-stop");
      synth.speak(utterance);
    });
  }

  // Session expiry: warn before it happens and let the user continue without reloading,
  // so nothing typed on the page is lost.
  function setUpSessionWarning() {
    var body = document.body;
    var seconds = parseInt(body.getAttribute("data-session-seconds") || "0", 10);
    var warning = parseInt(body.getAttribute("data-session-warning-seconds") || "0", 10);
    var dialog = document.querySelector("[data-session-dialog]");
    if (!seconds || !dialog || typeof dialog.showModal !== "function") { return; }
    var timer = null;
    function schedule() {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(function () { dialog.showModal(); }, Math.max(seconds - warning, 1) * 1000);
    }
    function keepAlive() {
      var token = document.querySelector("input[name=csrfmiddlewaretoken]");
      var request = new XMLHttpRequest();
      request.open("POST", body.getAttribute("data-keepalive-url"));
      request.setRequestHeader("X-CSRFToken", token ? token.value : "");
      request.onload = function () {
        // On failure the dialog stays open: reloading would throw away what was typed.
        if (request.status === 204) { dialog.close(); schedule(); return; }
        var expired = dialog.querySelector("[data-session-expired]");
        if (expired) { expired.hidden = false; expired.focus(); }
      };
      request.send();
    }
    dialog.querySelector("[data-session-continue]").addEventListener("click", keepAlive);
    // Escape closes a modal dialog; treat it as "continue" rather than a silent dismissal.
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); keepAlive(); });
    schedule();
  }

  // Follow-up questions: shown only when the answer they follow calls for them.
  // Without JavaScript they are simply always shown.
  function setUpReveals() {
    var parts = document.querySelectorAll("[data-show-if]");
    if (!parts.length) { return; }
    function update() {
      for (var i = 0; i < parts.length; i++) {
        var rule = parts[i].getAttribute("data-show-if").split(":");
        var chosen = document.querySelector("input[name='" + rule[0] + "'][value='" + rule[1] + "']:checked");
        if (chosen) { parts[i].removeAttribute("data-reveal-hidden"); } else { parts[i].setAttribute("data-reveal-hidden", ""); }
      }
    }
    document.addEventListener("change", update);
    update();
  }

  // Uploads: show progress and announce it; the server's answer replaces the page, so errors
  // and confirmations appear (and are focused) exactly as without JavaScript.
  function setUpUploads() {
    var form = document.querySelector("[data-upload-form]");
    if (!form || typeof FormData === "undefined") { return; }
    var progress = form.querySelector("[data-upload-progress]");
    var status = form.querySelector("[data-upload-status]");
    var sending = false;
    form.addEventListener("submit", function (event) {
      // A second tap while the files are on their way would store them twice.
      if (sending) { event.preventDefault(); return; }
      var inputs = form.querySelectorAll("input[type=file]");
      var count = 0;
      for (var i = 0; i < inputs.length; i++) { count += inputs[i].files.length; }
      if (!count) { return; }
      event.preventDefault();
      sending = true;
      var data = new FormData(form);
      if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
      var request = new XMLHttpRequest();
      request.open("POST", form.getAttribute("action") || window.location.href);
      var last = -1;
      request.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) { return; }
        var percent = Math.floor((e.loaded / e.total) * 100);
        progress.hidden = false;
        progress.value = percent;
        // Announce in steps of 25 % so a screen reader is not flooded.
        if (Math.floor(percent / 25) !== last) {
          last = Math.floor(percent / 25);
          status.textContent = status.getAttribute("data-label-progress").replace("{percent}", percent);
        }
      });
      // Every byte is sent: the server now checks and converts the files, which can take a
      // while for big photos. Say so, instead of leaving "100 percent" on the screen.
      request.upload.addEventListener("load", function () {
        progress.value = 100;
        status.textContent = status.getAttribute("data-label-checking");
      });
      request.addEventListener("load", function () {
        document.open();
        document.write(request.responseText);
        document.close();
        if (request.responseURL) { window.history.replaceState(null, "", request.responseURL); }
      });
      request.addEventListener("error", function () {
        sending = false;
        progress.hidden = true;
        status.textContent = status.getAttribute("data-label-failed");
      });
      status.textContent = status.getAttribute("data-label-progress").replace("{percent}", 0);
      request.send(data);
    });
  }

  // A double click sends once (the server is idempotent too).
  function setUpSendOnce() {
    var forms = document.querySelectorAll("[data-send-once]");
    for (var i = 0; i < forms.length; i++) {
      forms[i].addEventListener("submit", function (event) {
        if (this.getAttribute("data-sending")) { event.preventDefault(); return; }
        this.setAttribute("data-sending", "1");
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    setUpReadAloud();
    setUpSessionWarning();
    setUpReveals();
    setUpUploads();
    setUpSendOnce();
  });
})();
