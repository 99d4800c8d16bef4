// "Copy" buttons: <button data-copy="ID"> copies the value of the field with that id and says so.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.status);
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    if (status) status.textContent = button.dataset.done;
  } catch {
    if (status) status.textContent = button.dataset.failed;
  }
});
