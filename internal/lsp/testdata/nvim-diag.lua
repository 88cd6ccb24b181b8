-- nvim-diag.lua: headless Neovim as a real LSP client of fixlint lsp, for
-- the end-to-end test in nvim_test.go. Written for the Neovim 0.7 API
-- (vim.lsp.start_client), which later versions still have.
--
-- It starts the server, opens the files, waits until each has received
-- diagnostics and the server has been quiet for a while, optionally asks
-- for the code actions of one line and the hover at one position, writes
-- what it saw as JSON (the $/progress notifications too), stops the server
-- (shutdown, exit) and quits.
--
-- Environment:
--   FIXLINT_LSP_CMD   the server's argv, a JSON list (required)
--   FIXLINT_ROOT      the workspace folder (required)
--   FIXLINT_FILES     the files to open, a JSON list of absolute paths (required)
--   FIXLINT_OUT       where to write the JSON result (required)
--   FIXLINT_TIMEOUT   ms to wait for diagnostics (default 120000)
--   FIXLINT_SETTLE    ms without a new publish before finishing (default 1000)
--   FIXLINT_ACTION_FILE, FIXLINT_ACTION_LINE (0-based)
--                     ask for the code actions at the start of this line
--   FIXLINT_HOVER_FILE, FIXLINT_HOVER_LINE, FIXLINT_HOVER_COL (0-based)
--                     ask for the hover at this position, as K does
--   FIXLINT_SAVE      "1": once the first diagnostics are in, save every
--                     file (:write, so didSave) and wait for the diagnostics
--                     of the check that follows; the result then says
--                     whether the server was still running after it
--
-- Exit status: 0 done, 1 timed out (the JSON is written anyway), 2 a
-- usage or start-up error.

local env = vim.env

local function fail(msg)
  io.stderr:write('nvim-diag: ' .. msg .. '\n')
  vim.cmd('cquit 2')
end

for _, name in ipairs({ 'FIXLINT_LSP_CMD', 'FIXLINT_ROOT', 'FIXLINT_FILES', 'FIXLINT_OUT' }) do
  if not env[name] or env[name] == '' then
    fail(name .. ' is not set')
    return
  end
end

local argv = vim.fn.json_decode(env.FIXLINT_LSP_CMD)
local root = env.FIXLINT_ROOT
local files = vim.fn.json_decode(env.FIXLINT_FILES)
local timeout = tonumber(env.FIXLINT_TIMEOUT or '') or 120000
local settle = tonumber(env.FIXLINT_SETTLE or '') or 1000

-- Keep buffers loaded when another file is opened in the window.
vim.o.hidden = true

local seen = {} -- uri -> { publishes = n, nonempty = bool }
local last_publish = nil
local messages = {}
local progress = {} -- the $/progress values, in order
local exit_status = nil

local handlers = {
  ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
    -- Neovim's own handler fills vim.diagnostic for the buffer.
    vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
    local s = seen[result.uri] or { publishes = 0, nonempty = false }
    s.publishes = s.publishes + 1
    if #result.diagnostics > 0 then
      s.nonempty = true
    end
    seen[result.uri] = s
    last_publish = vim.loop.now()
  end,
  ['$/progress'] = function(err, result, ctx, config)
    -- Neovim's own handler keeps the progress for its statusline.
    vim.lsp.handlers['$/progress'](err, result, ctx, config)
    local v = result.value or {}
    table.insert(progress, { token = result.token, kind = v.kind, title = v.title, message = v.message })
  end,
  ['window/logMessage'] = function(_, result)
    table.insert(messages, result.message)
  end,
  ['window/showMessage'] = function(_, result)
    table.insert(messages, result.message)
  end,
}

-- The client starts and attaches as the README's Neovim 0.7 set-up does: on
-- the FileType event of a Go or go.mod buffer, vim.lsp.start_client once
-- and vim.lsp.buf_attach_client for each buffer; the handlers and on_exit
-- are the harness's own, to record what the client receives.
local client_id = nil
local start_error = nil
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'go', 'gomod' },
  callback = function(args)
    client_id = client_id or vim.lsp.start_client({
      name = 'fixlint',
      cmd = argv,
      root_dir = root,
      handlers = handlers,
      on_exit = function(code, signal)
        exit_status = { code = code, signal = signal }
      end,
    })
    if not client_id then
      start_error = 'could not start the server'
      return
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})

local bufs = {}
for _, file in ipairs(files) do
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  bufs[file] = vim.api.nvim_get_current_buf()
end
if start_error or not client_id then
  fail(start_error or 'no FileType event attached the server (is filetype detection on?)')
  return
end

local function all_published()
  for _, file in ipairs(files) do
    local s = seen[vim.uri_from_fname(file)]
    if not (s and s.nonempty) then
      return false
    end
  end
  return true
end

local start = vim.loop.now()
local done = vim.wait(timeout, function()
  if exit_status then
    return true
  end
  return all_published() and vim.loop.now() - last_publish >= settle
end, 50)
local timed_out = not done or not all_published()

-- Save every file and wait for the check the saves cause: each file gets
-- one more publish, then the server is quiet.
local saved = nil
if not timed_out and env.FIXLINT_SAVE == '1' then
  local before = {}
  for _, file in ipairs(files) do
    before[file] = seen[vim.uri_from_fname(file)].publishes
    vim.api.nvim_buf_call(bufs[file], function()
      vim.cmd('silent write')
    end)
  end
  local republished = function()
    for _, file in ipairs(files) do
      if seen[vim.uri_from_fname(file)].publishes <= before[file] then
        return false
      end
    end
    return true
  end
  local ok = vim.wait(timeout, function()
    if exit_status then
      return true
    end
    return republished() and vim.loop.now() - last_publish >= settle
  end, 50)
  saved = { republished = ok and republished(), alive = exit_status == nil }
  timed_out = not ok
end

local result = {
  root = root,
  timed_out = timed_out,
  elapsed_ms = vim.loop.now() - start,
  files = {},
  actions = nil,
  messages = messages,
  progress = progress,
  saved = saved,
}

for _, file in ipairs(files) do
  local bufnr = bufs[file]
  local diags = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data and d.user_data.lsp) or {}
    local href = nil
    if lsp.codeDescription then
      href = lsp.codeDescription.href
    end
    table.insert(diags, {
      lnum = d.lnum, -- 0-based, as Neovim stores them; columns in bytes
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      message = d.message,
      source = d.source,
      code = d.code or lsp.code,
      href = href,
    })
  end
  local s = seen[vim.uri_from_fname(file)] or { publishes = 0 }
  result.files[file] = {
    filetype = vim.bo[bufnr].filetype,
    publishes = s.publishes,
    diagnostics = diags,
  }
end

-- The code actions of one line, as vim.lsp.buf.code_action() asks for them:
-- the cursor's position and the line's diagnostics.
local action_file, action_line = env.FIXLINT_ACTION_FILE, tonumber(env.FIXLINT_ACTION_LINE or '')
if not timed_out and action_file and action_line and bufs[action_file] then
  local bufnr = bufs[action_file]
  local ok, line_diags = pcall(vim.lsp.diagnostic.get_line_diagnostics, bufnr, action_line)
  if not ok then
    line_diags = {}
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = action_line, character = 0 }, ['end'] = { line = action_line, character = 0 } },
    context = { diagnostics = line_diags },
  }
  local client = vim.lsp.get_client_by_id(client_id)
  local resp, err = client.request_sync('textDocument/codeAction', params, 30000, bufnr)
  local actions = {}
  if resp and resp.result then
    for _, a in ipairs(resp.result) do
      local entry = { title = a.title, kind = a.kind }
      if a.command then
        entry.command = a.command.command
        entry.arguments = a.command.arguments
      end
      if a.edit and a.edit.changes then
        entry.edits = a.edit.changes
      end
      table.insert(actions, entry)
    end
  end
  result.actions = actions
  result.action_error = err or (resp and resp.err and vim.inspect(resp.err)) or nil
end

-- The hover at one position, as K (vim.lsp.buf.hover) asks for it.
local hover_file, hover_line, hover_col = env.FIXLINT_HOVER_FILE, tonumber(env.FIXLINT_HOVER_LINE or ''), tonumber(env.FIXLINT_HOVER_COL or '')
if not timed_out and hover_file and hover_line and hover_col and bufs[hover_file] then
  local bufnr = bufs[hover_file]
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = hover_line, character = hover_col },
  }
  local client = vim.lsp.get_client_by_id(client_id)
  local resp, err = client.request_sync('textDocument/hover', params, 30000, bufnr)
  if resp and resp.result and resp.result.contents then
    result.hover = resp.result.contents.value
  end
  result.hover_error = err or (resp and resp.err and vim.inspect(resp.err)) or nil
end

vim.lsp.stop_client(client_id)
vim.wait(10000, function()
  return exit_status ~= nil
end, 50)
result.server_exit = exit_status

local f = io.open(env.FIXLINT_OUT, 'w')
if not f then
  fail('cannot write ' .. env.FIXLINT_OUT)
  return
end
f:write(vim.fn.json_encode(result))
f:close()

if timed_out then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
