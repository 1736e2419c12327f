// Copy buttons beside long, middle-truncated names: a click puts the full name on the
// clipboard. Plain script rather than a wasm island: ten lines here against a kilobyte and
// more of bundle. Without JavaScript the buttons stay hidden (the full name is the link's
// tooltip and the resource page's title).
document.documentElement.classList.add('js');
document.addEventListener('click', (event) => {
  const button = event.target.closest('button.copy');
  const name = button?.previousElementSibling?.title;
  if (!name || !navigator.clipboard) return;
  navigator.clipboard.writeText(name).then(() => {
    button.dataset.copied = '';
    setTimeout(() => delete button.dataset.copied, 1500);
  });
});
