"""The one sound the game makes: the end of the negotiation timer. Generated, not shipped."""
from __future__ import annotations

import numpy as np
import pygame

_SOUND = None


def chime() -> bool:
    """Play a short two-tone chime; False when there is no audio device (never an error)."""
    global _SOUND
    try:
        if not pygame.mixer.get_init():
            pygame.mixer.init(frequency=44100, size=-16, channels=1)
        if _SOUND is None:
            rate = pygame.mixer.get_init()[0]
            t = np.arange(int(rate * 0.35)) / rate
            tone = np.concatenate([np.sin(2 * np.pi * 880 * t), np.sin(2 * np.pi * 660 * t)])
            fade = np.minimum(1.0, np.linspace(8, 0, tone.size))
            samples = (tone * fade * 0.4 * 32767).astype(np.int16)
            channels = pygame.mixer.get_init()[2]
            if channels > 1:
                samples = np.repeat(samples[:, None], channels, axis=1)
            _SOUND = pygame.sndarray.make_sound(np.ascontiguousarray(samples))
        _SOUND.play()
        return True
    except (pygame.error, ValueError, TypeError):
        return False
