// The reconnect banner. Blazor dispatches "components-reconnect-state-changed" on the dialog with detail.state one of
// show, retrying, hide, failed, rejected, paused, resume-failed (and sets a matching class on it).
// The banner is non-modal (dialog.show(), never showModal()): nothing on the page becomes inert. While a statement
// editor is on the page (an element with data-statement-editor), this script never reloads the page: the editor keeps
// its unsent text on the device and reloads by itself once the server answers (wwwroot/js/statement-editor.js).

const banner = document.getElementById("components-reconnect-modal");
banner.addEventListener("components-reconnect-state-changed", handleReconnectStateChanged);
document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);

/** True when a statement editor is on the page: then reloading is the editor's decision. */
function editorOnPage() {
    return document.querySelector("[data-statement-editor]") !== null;
}

/** Reloads the page unless an editor is on it. */
function reloadUnlessEditing() {
    if (!editorOnPage()) {
        location.reload();
    }
}

function open() {
    banner.classList.toggle("reconnect-banner--editor", editorOnPage());
    if (!banner.open) {
        // show() moves focus into the dialog; give it back, so typing goes on where it was (the editor's caret stays).
        const active = document.activeElement;
        banner.show();
        if (active instanceof HTMLElement && active !== document.body) {
            active.focus({ preventScroll: true });
        }
    }
}

function handleReconnectStateChanged(event) {
    switch (event.detail.state) {
        case "show":
        case "retrying":
        case "paused":
        case "resume-failed":
            open();
            break;
        case "hide":
            banner.close();
            break;
        case "failed":
            open();
            document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
            break;
        case "rejected":
            open();
            reloadUnlessEditing();
            break;
    }
}

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    try {
        // true: reconnected; false: the server answered but the circuit is gone; an exception: no answer.
        const successful = await Blazor.reconnect();
        if (!successful) {
            const resumed = await Blazor.resumeCircuit();
            if (resumed) {
                banner.close();
            } else {
                reloadUnlessEditing();
            }
        }
    } catch {
        document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    }
}

async function resume() {
    try {
        const successful = await Blazor.resumeCircuit();
        if (!successful) {
            reloadUnlessEditing();
        }
    } catch {
        banner.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
}

async function retryWhenDocumentBecomesVisible() {
    if (document.visibilityState === "visible") {
        await retry();
    }
}
