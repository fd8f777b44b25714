// Two calls into the C allocator that Node does not expose, for the memory the process
// keeps after a burst (README "Performance"). glibc returns freed memory to the system on
// its own only from the top of each heap; pages freed between live allocations stay in RSS
// until malloc_trim is called. And each thread that allocates may get a heap (an "arena") of
// its own, whose top is never trimmed for it. Elsewhere (musl, macOS) both calls do nothing
// and answer false.
#include <node_api.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static napi_value boolean(napi_env env, int value) {
  napi_value result;
  napi_get_boolean(env, value != 0, &result);
  return result;
}

// release(): malloc_trim(0): true if memory was given back.
static napi_value release(napi_env env, napi_callback_info info) {
  (void)info;
#if defined(__GLIBC__)
  return boolean(env, malloc_trim(0));
#else
  return boolean(env, 0);
#endif
}

// limitArenas(n): at most n arenas from now on (threads that already have one keep it).
static napi_value limit_arenas(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t n = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_int32(env, argv[0], &n) != napi_ok || n < 1) return boolean(env, 0);
#if defined(__GLIBC__)
  return boolean(env, mallopt(M_ARENA_MAX, n));
#else
  return boolean(env, 0);
#endif
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "release", NAPI_AUTO_LENGTH, release, NULL, &fn);
  napi_set_named_property(env, exports, "release", fn);
  napi_create_function(env, "limitArenas", NAPI_AUTO_LENGTH, limit_arenas, NULL, &fn);
  napi_set_named_property(env, exports, "limitArenas", fn);
  return exports;
}
