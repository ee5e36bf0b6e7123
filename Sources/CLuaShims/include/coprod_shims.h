// coprod — co-production toolkit. Apache-2.0.
//
// The C side of coprod's Lua sandbox: the memory-capped allocator, the instruction and
// deadline hook, limit-aware pcall/xpcall/coroutine functions, the sandboxed standard
// library, and the one trampoline through which Lua calls Swift. Lua errors are raised only
// here, in C frames, never across a Swift frame.
#ifndef COPROD_SHIMS_H
#define COPROD_SHIMS_H

#include <stddef.h>
#include <lua.h>

/// Which limit a run has hit (0 = none).
enum {
  COPROD_LIMIT_NONE = 0,
  COPROD_LIMIT_MEMORY = 1,
  COPROD_LIMIT_INSTRUCTIONS = 2,
  COPROD_LIMIT_TIME = 3,
};

/// Budgets and usage of one plugin run. Owned by the Swift sandbox; its address is the
/// allocator's user data, so it must outlive the lua_State.
typedef struct coprod_limits {
  size_t memory_used;          ///< bytes currently allocated by this state
  size_t memory_peak;          ///< highest memory_used seen
  size_t memory_limit;         ///< cap in bytes (0 = none)
  int host_bypass;             ///< >0 while the host marshals data: the cap is not applied
  long long instructions_used; ///< VM instructions executed (counted in steps of the hook)
  long long instruction_limit; ///< cap (0 = none)
  double deadline;             ///< monotonic seconds after which the run stops (0 = none)
  int tripped;                 ///< COPROD_LIMIT_* once a limit has been hit
  int refused_pending;         ///< internal: an allocation was refused and may be retried
  size_t c_pending;            ///< internal: C library work not yet charged to instructions_used
} coprod_limits;

/// Free stack slots the trampoline guarantees a Swift host function (on the calling thread);
/// host code that pushes more, or nests, reserves more itself (lua_checkstack).
#define COPROD_HOST_HEADROOM 40

/// Swift's handler for every Lua→Swift call. Returns the number of results pushed, or -1
/// with an error message string pushed on top (the trampoline raises it after Swift returns).
typedef int (*coprod_dispatch_fn)(lua_State *L, void *handler);

/// Registers Swift's dispatcher (once per process).
void coprod_set_dispatch(coprod_dispatch_fn fn);

/// Monotonic clock in seconds.
double coprod_now(void);

/// A new state using the capped allocator over `limits`, with the count hook armed.
/// Returns NULL if the state cannot be created.
lua_State *coprod_newstate(coprod_limits *limits);

/// Opens the sandboxed standard library into the globals table (protected; returns a Lua
/// status and leaves an error message on the stack when not LUA_OK). `seed` seeds
/// math.random.
int coprod_open_sandbox(lua_State *L, lua_Integer seed);

/// Pushes a Lua function that calls Swift's dispatcher with `handler`.
void coprod_push_function(lua_State *L, void *handler);

/// Calls the function below `nargs` arguments in protected mode with a message handler that
/// keeps error messages one line. Returns the Lua status.
int coprod_pcall(lua_State *L, int nargs, int nresults);

/// Pushes the plugin's Lua frames recorded at the last error of a coprod_pcall (each after a
/// \x01, innermost first; false when none were recorded) and clears them. Never raises.
void coprod_push_traceback(lua_State *L);

/// lua_next, protected: with a key on top of the stack, pops it and pushes the next key and
/// value of the table at `index` (returns 1), or pushes nothing at the end (returns 0), or
/// pushes an error message (returns -1, e.g. for a key that is not in the table). Never
/// raises. Call it only while the allocator's bypass is up (host code).
int coprod_next(lua_State *L, int index);

/// Pops the function on top and writes where it was defined, `file:line`, into `buffer`;
/// returns 0 (writing nothing) when that is unknown, e.g. for a C function. Never raises.
int coprod_function_location(lua_State *L, char *buffer, size_t size);

/// Loads a Lua *source* chunk (binary chunks are refused) with the globals as its _ENV.
int coprod_load_source(lua_State *L, const char *buffer, size_t size, const char *chunkname);

/// Arms the process-wide watchdog: if the current host call into Lua is still running at
/// `deadline` (monotonic seconds) — which only happens when a single C library call such as a
/// pathological string.find runs past the run's own deadline — it writes `message` to
/// standard error and exits the process with status 2. Returns a slot for
/// coprod_watchdog_disarm (or -1 if all slots are busy, when nothing is armed).
int coprod_watchdog_arm(double deadline, const char *message);

/// Disarms the slot armed for a host call once it returns.
void coprod_watchdog_disarm(int slot);

#endif
