// Starts the app. A classic script on purpose: opened from file:// (a USB stick, a kiosk) the
// browser forbids fetch and module scripts, so the wasm arrives base64-encoded inside
// app/khlang_bg.wasm.js, which calls khlang_wasm() below. Everything else is Rust.
(function () {
  "use strict";
  function fail(thai, english) {
    var el = document.getElementById("boot");
    if (!el) {
      el = document.createElement("div");
      el.id = "boot";
      document.body.appendChild(el);
    }
    el.className = "boot boot-error";
    el.setAttribute("role", "alert");
    el.textContent = thai + " / " + english;
  }
  window.khlang_boot_fail = fail;
  // A script that fails to load (missing or unreadable file) names itself here.
  window.addEventListener("error", function (ev) {
    var t = ev.target;
    if (t && t.tagName === "SCRIPT" && !t.hasAttribute("data-khlang-part")) {
      var src = t.getAttribute("src");
      fail("เปิดไม่ได้: ไม่พบไฟล์ " + src + " — คัดลอกโฟลเดอร์ทั้งหมดมาอีกครั้ง",
           "cannot start: " + src + " is missing; copy the whole folder again");
    }
  }, true);
  window.khlang_wasm = function (b64) {
    var bytes;
    try {
      if (Uint8Array.fromBase64) {
        bytes = Uint8Array.fromBase64(b64);
      } else {
        var bin = atob(b64);
        bytes = new Uint8Array(bin.length);
        for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      }
    } catch (e) {
      fail("ไฟล์ app/khlang_bg.wasm.js เสียหาย", "app/khlang_bg.wasm.js is damaged");
      return;
    }
    if (typeof wasm_bindgen !== "function") {
      fail("ไม่พบไฟล์ app/khlang.js", "app/khlang.js is missing");
      return;
    }
    wasm_bindgen({ module_or_path: bytes }).catch(function (e) {
      fail("เบราว์เซอร์นี้เปิดโปรแกรมค้นหาไม่ได้ (" + e + ")", "this browser cannot run the search app");
    });
  };
})();
