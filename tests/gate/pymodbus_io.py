#!/usr/bin/python3
"""A gate I/O module written with pymodbus, not by us: lasis-gate must drive a Modbus server whose
code it has never seen. Same map as DESIGN.md §6 (coils 0 light, 1 buzzer, 2 system OK; discrete
inputs 0 beam A, 1 beam B, 2 tamper, 3 antenna fault).

Prints one ready line {"device":"pymodbus-io","url":"modbus-tcp://127.0.0.1:PORT"}, then a line
{"coils":[light,buzzer,ok]} whenever the coils change. Reads "beams A B" lines (0/1) on stdin to
set the beams; exits when stdin closes."""
import asyncio
import json
import logging
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server.async_io import ModbusTcpServer


async def main():
    logging.disable(logging.CRITICAL)
    store = ModbusSlaveContext(
        co=ModbusSequentialDataBlock(0, [0] * 3),
        di=ModbusSequentialDataBlock(0, [0] * 4),
        hr=ModbusSequentialDataBlock(0, [0] * 1),
        ir=ModbusSequentialDataBlock(0, [0] * 1),
        zero_mode=True,
    )
    server = ModbusTcpServer(ModbusServerContext(slaves=store, single=True), address=("127.0.0.1", 0))
    asyncio.get_running_loop().create_task(server.serve_forever())
    await server.serving
    port = server.server.sockets[0].getsockname()[1]
    print(json.dumps({"device": "pymodbus-io", "url": f"modbus-tcp://127.0.0.1:{port}"}), flush=True)

    async def watch():
        last = None
        while True:
            coils = [int(v) for v in store.getValues(1, 0, 3)]
            if coils != last:
                print(json.dumps({"coils": coils}), flush=True)
                last = coils
            await asyncio.sleep(0.005)

    asyncio.get_running_loop().create_task(watch())
    reader = asyncio.StreamReader()
    await asyncio.get_running_loop().connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            return
        parts = line.decode().split()
        if len(parts) == 3 and parts[0] == "beams":
            store.setValues(2, 0, [int(parts[1]), int(parts[2])])


if __name__ == "__main__":
    asyncio.run(main())
