// leerpad service worker: keeps the whole site in one cache per build, so it works offline.
//
// src/offline.rs puts two lines above this code: VERSION (a hash of every file of the build) and
// FILES (the output files to fetch ahead, relative to this script: all of them, or for a large
// site the assets and the main pages). Install caches them; activate deletes the caches of older
// builds of this site; fetch answers from the cache first and keeps what it had to fetch.
'use strict';

const SCOPE = self.registration.scope;
const PREFIX = 'leerpad:' + SCOPE + ':';
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES.map((file) => new URL(file, SCOPE).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
      ))
      .then(() => self.clients.claim()),
  );
});

// A folder URL is the index.html inside it; the query string never selects another file.
function cacheKey(url) {
  const key = new URL(url);
  key.search = '';
  key.hash = '';
  if (key.pathname.endsWith('/')) key.pathname += 'index.html';
  return key.href;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(cacheKey(request.url)).then((hit) => {
      if (hit) return hit;
      return fetch(request).then((response) => {
        if (response.ok && response.type === 'basic') cache.put(cacheKey(request.url), response.clone());
        return response;
      }).catch((error) => {
        if (request.mode !== 'navigate') throw error;
        return cache.match(new URL('404.html', SCOPE).href).then((page) => page || Promise.reject(error));
      });
    })),
  );
});
