"""WHIP publisher and WHEP viewer written with aiortc (a second WebRTC stack, not libwebrtc), for the interop test
(aiortc.test.ts). Non-trickle like OBS: POST the whole offer, apply the answer, DELETE the Location at the end.

  aiortc_client.py publish <whip url> <seconds>   sends aiortc's generated audio (silence) and video (frames)
  aiortc_client.py view <whep url> <seconds>      receives; prints {"audio": n, "video": n, "state": ...} as JSON

Loopback only: aioice leaves 127.0.0.1 out of its host candidates, which is all the test network has.
"""
import asyncio
import json
import sys
import urllib.request
from urllib.parse import urljoin

import aioice.ice
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError, VideoStreamTrack

aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]


def http(method, url, body=None, content_type=None):
    req = urllib.request.Request(url, data=body.encode() if body else None, method=method)
    if content_type:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=20) as res:
            return res.status, dict(res.headers), res.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


async def negotiate(pc, url):
    await pc.setLocalDescription(await pc.createOffer())  # aiortc gathers every candidate here
    status, headers, body = await asyncio.get_running_loop().run_in_executor(
        None, http, "POST", url, pc.localDescription.sdp, "application/sdp"
    )
    if status != 201:
        raise SystemExit(f"POST {url} -> {status}: {body}")
    await pc.setRemoteDescription(RTCSessionDescription(sdp=body, type="answer"))
    return urljoin(url, headers.get("Location") or headers.get("location"))


async def wait_connected(pc, timeout):
    for _ in range(int(timeout * 20)):
        if pc.connectionState == "connected":
            return
        if pc.connectionState == "failed":
            break
        await asyncio.sleep(0.05)
    raise SystemExit(f"not connected: {pc.connectionState}")


async def publish(url, seconds):
    pc = RTCPeerConnection()
    pc.addTrack(AudioStreamTrack())
    pc.addTrack(VideoStreamTrack())
    location = await negotiate(pc, url)
    await wait_connected(pc, 10)
    print(json.dumps({"published": True, "location": location}), flush=True)
    await asyncio.sleep(seconds)
    http("DELETE", location)
    await pc.close()


async def view(url, seconds):
    pc = RTCPeerConnection()
    counts = {"audio": 0, "video": 0}

    async def consume(track):
        while True:
            try:
                await track.recv()
            except MediaStreamError:
                return
            counts[track.kind] += 1

    pc.on("track", lambda track: asyncio.ensure_future(consume(track)))
    pc.addTransceiver("audio", direction="recvonly")
    pc.addTransceiver("video", direction="recvonly")
    location = await negotiate(pc, url)
    await wait_connected(pc, 10)
    for _ in range(int(seconds * 10)):
        if counts["audio"] >= 25 and counts["video"] >= 10:
            break
        await asyncio.sleep(0.1)
    status, _, _ = http("DELETE", location)
    print(json.dumps({**counts, "state": pc.connectionState, "delete": status}), flush=True)
    await pc.close()


if __name__ == "__main__":
    mode, url, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    asyncio.run(publish(url, seconds) if mode == "publish" else view(url, seconds))
