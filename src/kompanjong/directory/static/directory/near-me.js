/* "Find places near me": fills the hidden lat/lon fields from the browser and searches.
   Without JavaScript (or geolocation) the button never appears. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-near-me]");
  var place = form && form.querySelector("[data-near-me-place]");
  if (!place || !navigator.geolocation) { return; }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button button-secondary";
  button.textContent = form.getAttribute("data-near-me-label");
  var status = document.createElement("p");
  status.setAttribute("role", "status");
  place.appendChild(button);
  place.parentNode.insertBefore(status, place.nextSibling);
  button.addEventListener("click", function () {
    status.textContent = form.getAttribute("data-near-me-busy");
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (where) {
      form.elements.lat.value = where.coords.latitude.toFixed(5);
      form.elements.lon.value = where.coords.longitude.toFixed(5);
      // Near you, wherever that is: a chosen municipality or postcode would narrow it.
      form.elements.municipality.value = "";
      form.elements.postcode.value = "";
      form.submit();
    }, function () {
      button.disabled = false;
      status.textContent = form.getAttribute("data-near-me-error");
    }, { timeout: 15000, maximumAge: 300000 });
  });
}());
