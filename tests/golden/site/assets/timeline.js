// Material's search overlay is a dialog without a name, which screen readers announce
// as an unnamed dialog; give it one.
document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (dialog) {
  dialog.setAttribute("aria-label", "Search");
});
